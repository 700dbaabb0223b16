/* A tiny static program for the bundled example: prints a greeting, its arguments and its user. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
    const char *greeting = getenv("GREETING");
    printf("%s from zeroimage (uid %d)\n", greeting ? greeting : "Hello", (int) getuid());
    for (int i = 1; i < argc; i++) {
        printf("arg %d: %s\n", i, argv[i]);
    }
    return 0;
}
