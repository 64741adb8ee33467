/* The fuzz input as a file the importers open by path, without touching
 * the file system: a memfd, named for the messages.  Returns the descriptor
 * (the caller closes it when done) with path set, or -1 (skip the input). */
#ifndef FUZZ_INPUT_H
#define FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <unistd.h>

static inline int fuzz_input_file(const char *name, const uint8_t *data,
                                  size_t size, char path[64]) {
  int fd = memfd_create(name, 0);
  if (fd < 0) return -1;
  if (size && write(fd, data, size) != (ssize_t)size) {
    close(fd);
    return -1;
  }
  snprintf(path, 64, "/proc/self/fd/%d", fd);
  return fd;
}

#endif
