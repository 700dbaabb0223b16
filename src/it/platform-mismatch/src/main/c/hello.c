/* A static x86-64 program, configured with a contradicting platform (linux/arm64). */
#include <stdio.h>

int main(void) {
    puts("Hello from zeroimage");
    return 0;
}
