#include <stdio.h>
int main(void) { puts("hello from amd64"); return 0; }
