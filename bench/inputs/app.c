/*
 * The benchmark executable: a tiny static C program whose .rodata carries a large payload of real
 * ELF bytes (payload.S). Hashing the whole payload proves that it is mapped, readable and, for the
 * one-byte-change input, that the change is really inside the program's data.
 */
#include <stdint.h>
#include <stdio.h>

extern const unsigned char bench_payload_start[];
extern const unsigned char bench_payload_end[];

int main(void) {
    size_t n = (size_t)(bench_payload_end - bench_payload_start);
    uint64_t h = 1469598103934665603ULL; /* FNV-1a 64 */
    for (size_t i = 0; i < n; i++) {
        h ^= bench_payload_start[i];
        h *= 1099511628211ULL;
    }
    printf("bench-app: payload %zu bytes, fnv1a %016llx\n", n, (unsigned long long)h);
    return 0;
}
