/* Cross-compiled for aarch64: the image platform must come from the ELF header. */
#include <stdio.h>

int main(void) {
    puts("Hello from zeroimage");
    return 0;
}
