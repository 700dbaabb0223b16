/* Dynamically linked on purpose: accepted with zeroimage.allowDynamic=true. */
#include <stdio.h>

int main(void) {
    puts("Hello from zeroimage");
    return 0;
}
