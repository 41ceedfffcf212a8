# onetrans_layer(<name> SOURCES … [DEPS <layers below>] [LIBS <third-party targets>])
# One folder of src/ as the static library onetrans_<name>, linking only the layers it names.
# With ONETRANS_CHECK_LAYERS, onetrans_<name>_layercheck links that library whole, with only
# those dependencies, into a shared object that may have no undefined symbols: a call from a
# lower layer into a higher one fails the build.
if(NOT WIN32 AND NOT ONETRANS_SANITIZE AND NOT ONETRANS_FUZZ)
  set(layer_check_default ON)
else()
  set(layer_check_default OFF)  # sanitizer runtimes leave symbols for the executable to define
endif()
option(ONETRANS_CHECK_LAYERS "Link every src/ layer alone to prove it calls only the layers below it" ${layer_check_default})

function(onetrans_layer name)
  cmake_parse_arguments(L "" "" "SOURCES;DEPS;LIBS" ${ARGN})
  set(target onetrans_${name})
  add_library(${target} STATIC ${L_SOURCES})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/include)
  target_include_directories(${target} SYSTEM PUBLIC ${RAPIDJSON_INCLUDE_DIR})
  target_compile_definitions(${target} PUBLIC RAPIDJSON_HAS_STDSTRING=1 ONETRANS_BUILDING)
  set(dep_targets "")
  foreach(dep IN LISTS L_DEPS)
    list(APPEND dep_targets onetrans_${dep})
  endforeach()
  target_link_libraries(${target} PUBLIC ${dep_targets} ${L_LIBS})
  onetrans_warnings(${target})
  if(ONETRANS_CHECK_LAYERS)
    add_library(${target}_layercheck SHARED ${PROJECT_SOURCE_DIR}/cmake/empty.c)
    target_link_libraries(${target}_layercheck PRIVATE $<LINK_LIBRARY:WHOLE_ARCHIVE,${target}> ${dep_targets} ${L_LIBS})
    target_link_options(${target}_layercheck PRIVATE -Wl,--no-undefined)
    set_target_properties(${target}_layercheck PROPERTIES EXCLUDE_FROM_ALL FALSE LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/layercheck)
  endif()
endfunction()
