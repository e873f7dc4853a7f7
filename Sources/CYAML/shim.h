#ifndef WMDOCTOR_CYAML_SHIM_H
#define WMDOCTOR_CYAML_SHIM_H
#include <yaml.h>
#endif
