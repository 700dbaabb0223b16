#include <stdio.h>
int main(void) { puts("hello from arm64"); return 0; }
