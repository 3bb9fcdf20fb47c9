/* A shared object without the entry symbol. */
int not_a_plugin(void) { return 42; }
