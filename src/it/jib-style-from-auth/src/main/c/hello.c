/* Static test program for the build-static-hello IT: prints a fixed greeting, its arguments and GREETING. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    const char *greeting = getenv("GREETING");
    puts("Hello from zeroimage");
    for (int i = 1; i < argc; i++) {
        printf("argv[%d]=%s\n", i, argv[i]);
    }
    printf("GREETING=%s\n", greeting ? greeting : "(unset)");
    return 0;
}
