/*
 * Run inside an image built FROM static: checks what a static program needs from its base.
 * Prints one line per check; the test looks for these lines.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(void) {
    uid_t uid = getuid();
    struct passwd *pw = getpwuid(uid);
    printf("uid=%u name=%s home=%s\n", (unsigned) uid, pw ? pw->pw_name : "(none)", pw ? pw->pw_dir : "(none)");

    const char *message = "round trip through /tmp";
    FILE *out = fopen("/tmp/zeroimage-check.txt", "w");
    if (out == NULL || fputs(message, out) < 0 || fclose(out) != 0) {
        perror("tmp write");
    } else {
        char buffer[128] = {0};
        FILE *in = fopen("/tmp/zeroimage-check.txt", "r");
        if (in == NULL || fgets(buffer, sizeof buffer, in) == NULL) {
            perror("tmp read");
        } else {
            fclose(in);
            printf("tmp=%s\n", strcmp(buffer, message) == 0 ? "ok" : "mismatch");
        }
    }

    FILE *certs = fopen("/etc/ssl/certs/ca-certificates.crt", "r");
    if (certs == NULL) {
        perror("certs");
    } else {
        char line[512];
        int count = 0;
        while (fgets(line, sizeof line, certs) != NULL) {
            if (strstr(line, "BEGIN CERTIFICATE") != NULL) {
                count++;
            }
        }
        fclose(certs);
        printf("certs=%d\n", count);
    }

    const char *tz = getenv("TZ");
    time_t fixed = 1700000000;
    struct tm local;
    char when[64];
    tzset();
    if (localtime_r(&fixed, &local) == NULL || strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S %Z", &local) == 0) {
        puts("time=(failed)");
    } else {
        printf("TZ=%s time=%s\n", tz ? tz : "(unset)", when);
    }
    return 0;
}
