#ifndef SKIFF_CSQLITE_SHIM_H
#define SKIFF_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
