/* Stands in for a GraalVM native image: dlopens the JDK library listed in build-artifacts.json from
   its own directory, as native images load libawt.so and friends. */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) {
        return 2;
    }
    self[n] = 0;
    strcpy(strrchr(self, '/') + 1, "libjdkfake.so");
    void *handle = dlopen(self, RTLD_NOW);
    if (handle == NULL) {
        printf("dlopen=failed %s\n", dlerror());
        return 1;
    }
    const char *(*version)(void) = (const char *(*)(void)) dlsym(handle, "jdkfake_zlib_version");
    printf("jdk library=%s zlib %s\n", self, version());
    return 0;
}
