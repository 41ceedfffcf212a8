include(CMakePackageConfigHelpers)
install(TARGETS onetrans EXPORT OneTransTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/onetrans DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES def/OneTrans.def DESTINATION ${CMAKE_INSTALL_DATADIR}/onetrans)
if(TARGET onetrans-cli)
  install(TARGETS onetrans-cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
install(EXPORT OneTransTargets NAMESPACE OneTrans:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/OneTrans)
configure_package_config_file(cmake/OneTransConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/OneTransConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/OneTrans)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/OneTransConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/OneTransConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/OneTransConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/OneTrans)
file(RELATIVE_PATH PC_PREFIX_FROM_PCDIR /root/${CMAKE_INSTALL_LIBDIR}/pkgconfig /root)
configure_file(cmake/onetrans.pc.in ${CMAKE_CURRENT_BINARY_DIR}/onetrans.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/onetrans.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
