#include <stdio.h>
int main(void) { puts("hello from a bundled program"); return 0; }
