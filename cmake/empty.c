/* The shared library is made of the static layers (src/CMakeLists.txt); this file gives it a source. */
