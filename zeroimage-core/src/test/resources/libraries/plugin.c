/* A library the test program dlopens from its own directory. */
int plugin_answer(void) { return 42; }
