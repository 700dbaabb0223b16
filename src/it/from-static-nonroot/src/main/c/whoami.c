/* Looks itself up in /etc/passwd, writes to /tmp and reads the CA bundle: what scratch cannot do. */
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    struct passwd *me = getpwuid(getuid());
    printf("user=%s uid=%d home=%s\n", me ? me->pw_name : "?", (int) getuid(), me ? me->pw_dir : "?");
    FILE *tmp = fopen("/tmp/probe", "w");
    printf("tmp=%s\n", tmp && fputs("ok", tmp) >= 0 && fclose(tmp) == 0 ? "writable" : "NOT writable");
    FILE *ca = fopen("/etc/ssl/certs/ca-certificates.crt", "r");
    int certs = 0;
    char line[256];
    while (ca && fgets(line, sizeof line, ca)) {
        certs += strncmp(line, "-----BEGIN CERTIFICATE-----", 27) == 0;
    }
    printf("certificates=%d\n", certs);
    return 0;
}
