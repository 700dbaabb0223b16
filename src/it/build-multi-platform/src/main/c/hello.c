/* The same program for every platform: cross-compiled per architecture by the IT's POM. */
#include <stdio.h>

int main(void) {
    puts("Hello from a zeroimage multi-platform image");
    return 0;
}
