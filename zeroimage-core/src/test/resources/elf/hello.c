/* A minimal program, compiled by the ELF tests as static, static-pie, dynamic and cross builds. */
#include <stdio.h>

int main(void) {
    puts("hello from zeroimage");
    return 0;
}
