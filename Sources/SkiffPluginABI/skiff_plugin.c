/* skiff_plugin.h is header-only; SwiftPM wants one source file per C target. */
#include "skiff_plugin.h"
