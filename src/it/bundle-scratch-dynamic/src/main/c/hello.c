/* A dynamically linked program (libc and libz) for libraries=bundle on scratch. */
#include <stdio.h>
#include <zlib.h>

int main(void) {
    printf("hello from a bundled program, zlib %s\n", zlibVersion());
    return 0;
}
