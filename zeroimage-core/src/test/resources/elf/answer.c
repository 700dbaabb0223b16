/* A library function without main, compiled by the ELF tests into a shared library and an object file. */
int answer(void) {
    return 42;
}
