/* A small static program the base image tests put on top of a base (compiled at test time). */
#include <stdio.h>

int main(void) {
    puts("hello from a zeroimage base test");
    return 0;
}
