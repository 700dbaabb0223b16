/* A stand-in for libc.so.6 that defines symbol versions only up to GLIBC_2.17 (see fakelibc.map). */
int fake_libc_marker(void) { return 17; }
