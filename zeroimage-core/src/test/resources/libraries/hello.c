#include <stdio.h>
int main(void) { puts("hello from a dynamic program"); return 0; }
