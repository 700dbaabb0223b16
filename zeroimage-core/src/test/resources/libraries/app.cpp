// The bundle test program: C++ (libstdc++, exceptions unwound by libgcc_s), pthread_cancel (which makes
// glibc load libgcc_s.so.1), NSS user and host lookups, zlib (unless NO_ZLIB: Debian has no cross zlib)
// and dlopen of a plugin from the program's own directory. Prints one line per result.
#include <arpa/inet.h>
#include <dlfcn.h>
#include <limits.h>
#include <netdb.h>
#include <pthread.h>
#include <pwd.h>
#include <unistd.h>

#include <cstring>
#include <iostream>
#include <stdexcept>
#include <string>
#ifndef NO_ZLIB
#include <zlib.h>
#endif

static void *spin(void *) {
    for (;;) {
        pthread_testcancel();
        usleep(1000);
    }
    return nullptr;
}

int main() {
    try {
        throw std::runtime_error("caught");
    } catch (const std::exception &e) {
        std::cout << "exception=" << e.what() << std::endl;
    }

    pthread_t thread;
    void *result = nullptr;
    pthread_create(&thread, nullptr, spin, nullptr);
    pthread_cancel(thread);
    pthread_join(thread, &result);
    std::cout << "pthread_cancel=" << (result == PTHREAD_CANCELED ? "canceled" : "running") << std::endl;

    struct passwd *pw = getpwnam("nonroot");
    std::cout << "getpwnam(nonroot)=" << (pw ? std::to_string(pw->pw_uid) : std::string("none")) << std::endl;

    struct addrinfo hints;
    std::memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    struct addrinfo *info = nullptr;
    int rc = getaddrinfo("localhost", nullptr, &hints, &info);
    char address[INET_ADDRSTRLEN] = "none";
    if (rc == 0) {
        inet_ntop(AF_INET, &reinterpret_cast<struct sockaddr_in *>(info->ai_addr)->sin_addr, address, sizeof address);
        freeaddrinfo(info);
    }
    std::cout << "getaddrinfo(localhost)=" << (rc == 0 ? address : gai_strerror(rc)) << std::endl;

#ifndef NO_ZLIB
    const char text[] = "zeroimage zeroimage zeroimage zeroimage zeroimage zeroimage";
    unsigned char packed[256];
    uLongf packedSize = sizeof packed;
    int z = compress(packed, &packedSize, reinterpret_cast<const Bytef *>(text), sizeof text);
    std::cout << "zlib=" << (z == Z_OK ? "ok" : "failed") << " " << sizeof text << "->" << packedSize
              << " version " << zlibVersion() << std::endl;
#else
    std::cout << "zlib=not linked" << std::endl;
#endif

    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    std::string dir = n > 0 ? std::string(self, n) : std::string("/");
    dir = dir.substr(0, dir.rfind('/'));
    std::string plugin = dir + "/" + (getenv("PLUGIN") ? getenv("PLUGIN") : "libplugin.so");
    void *handle = dlopen(plugin.c_str(), RTLD_NOW);
    if (handle == nullptr) {
        std::cout << "dlopen=failed " << dlerror() << std::endl;
        return 1;
    }
    int (*answer)(void) = reinterpret_cast<int (*)(void)>(dlsym(handle, "plugin_answer"));
    std::cout << "dlopen=" << plugin << " answer " << answer() << std::endl;
    std::cout << "uid=" << getuid() << std::endl;
    return 0;
}
