/* Compiled in two modules at different depths (copies of one file): the two images must be identical. */
#include <stdio.h>

int main(void) {
    puts("Hello from zeroimage");
    return 0;
}
