/* Dynamically linked on purpose: zeroimage must refuse it (the image has no libc or loader). */
#include <stdio.h>

int main(void) {
    puts("Hello from zeroimage");
    return 0;
}
