/* Static test program for the push ITs: prints a fixed greeting. */
#include <stdio.h>

int main(void) {
    puts("Hello from zeroimage");
    return 0;
}
