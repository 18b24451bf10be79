# cmake --install: headers, the static libraries, the C shared library, the
# CLI, a CMake package (fapiaoConfig.cmake) and fapiao.pc.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set_target_properties(fapiao PROPERTIES EXPORT_NAME fapiao)
set_target_properties(fapiao_capi PROPERTIES EXPORT_NAME capi)
set_target_properties(fapiao_c PROPERTIES EXPORT_NAME c)
set_target_properties(fapiao_sandbox_operator PROPERTIES EXPORT_NAME sandbox_operator)
install(TARGETS fapiao fapiao_sandbox_operator fapiao_capi fapiao_c EXPORT fapiaoTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/fapiao" DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES "${PROJECT_SOURCE_DIR}/capi/include/fapiao/fapiao.h" DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/fapiao)
if(TARGET fapiao_cli)
  install(TARGETS fapiao_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
if(TARGET fapiao-sandbox)
  install(TARGETS fapiao-sandbox RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

install(EXPORT fapiaoTargets NAMESPACE fapiao:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/fapiao)
configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/fapiaoConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/fapiaoConfig.cmake" INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/fapiao)
write_basic_package_version_file("${PROJECT_BINARY_DIR}/fapiaoConfigVersion.cmake" COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/fapiaoConfig.cmake" "${PROJECT_BINARY_DIR}/fapiaoConfigVersion.cmake"
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/fapiao)

configure_file("${PROJECT_SOURCE_DIR}/cmake/fapiao.pc.in" "${PROJECT_BINARY_DIR}/fapiao.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/fapiao.pc" DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
