/* Error names and descriptions for the one VL_E* enum. */
#include "vulnloop/core.h"

static const struct {
  int code;
  const char *name;
  const char *text;
} errors[] = {
    {VL_OK, "VL_OK", "success"},
    {VL_ENOMEM, "VL_ENOMEM", "out of memory"},
    {VL_EINVAL, "VL_EINVAL", "invalid argument"},
    {VL_EIO, "VL_EIO", "input/output error"},
    {VL_ENOTFOUND, "VL_ENOTFOUND", "not found"},
    {VL_ETOOBIG, "VL_ETOOBIG", "too large"},
    {VL_EPARSE, "VL_EPARSE", "syntax error"},
    {VL_ETYPE, "VL_ETYPE", "wrong type"},
    {VL_EDB, "VL_EDB", "database error"},
    {VL_ESTATE, "VL_ESTATE", "not allowed in the current state"},
    {VL_EUNSUPPORTED, "VL_EUNSUPPORTED", "unsupported format or feature"},
    {VL_EEXIST, "VL_EEXIST", "already exists"},
    {VL_EDENIED, "VL_EDENIED", "permission denied"},
    {VL_ERANGE, "VL_ERANGE", "value out of range"},
    {VL_EINTERNAL, "VL_EINTERNAL", "internal error"},
};

const char *vl_strerror(int err) {
  for (size_t i = 0; i < VL_ARRAY_LEN(errors); i++)
    if (errors[i].code == err) return errors[i].text;
  return "unknown error";
}

const char *vl_err_name(int err) {
  for (size_t i = 0; i < VL_ARRAY_LEN(errors); i++)
    if (errors[i].code == err) return errors[i].name;
  return "VL_E?";
}
