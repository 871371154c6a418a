# Builds libopenvswitch.a from Debian's openvswitch-source and exposes it as
# the imported target ovs::openvswitch.
#
#   OVS_SOURCE_DIR  an unpacked OVS source tree (must hold vswitchd/bridge.c);
#                   default: unpack /usr/src/openvswitch/openvswitch.tar.gz
#                   into the build tree.
#   OVS_BUILD_DIR   an OVS build tree that is already configured (config.h)
#                   and built (lib/.libs/libopenvswitch.a); default: build one
#                   in the build tree.
#
# The library is configured as Debian configures OVS (--prefix=/usr
# --localstatedir=/var --sysconfdir=/etc), so that ovs_rundir() and the
# default OVSDB remote match the installed ovs-vswitchd.  Configuration fails
# early when the source's major.minor differs from the installed
# ovs-vswitchd.

set(OVS_TARBALL "/usr/src/openvswitch/openvswitch.tar.gz" CACHE FILEPATH
    "Debian's openvswitch-source tarball")
set(OVS_SOURCE_DIR "" CACHE PATH "Unpacked OVS source tree (optional)")
set(OVS_BUILD_DIR "" CACHE PATH "Configured and built OVS tree (optional)")

if(NOT OVS_SOURCE_DIR)
    set(_ovs_unpack "${CMAKE_BINARY_DIR}/ovs/src")
    if(NOT EXISTS "${_ovs_unpack}/openvswitch/vswitchd/bridge.c")
        if(NOT EXISTS "${OVS_TARBALL}")
            message(FATAL_ERROR
                "${OVS_TARBALL} is missing: install Debian's "
                "openvswitch-source package (contrib/install-deps.sh does) "
                "or pass -DOVS_SOURCE_DIR=DIR")
        endif()
        file(MAKE_DIRECTORY "${_ovs_unpack}")
        message(STATUS "Unpacking ${OVS_TARBALL}")
        execute_process(COMMAND tar -xzf "${OVS_TARBALL}"
                        WORKING_DIRECTORY "${_ovs_unpack}"
                        RESULT_VARIABLE _rc)
        if(NOT _rc EQUAL 0)
            message(FATAL_ERROR "Cannot unpack ${OVS_TARBALL}")
        endif()
    endif()
    set(OVS_SOURCE_DIR "${_ovs_unpack}/openvswitch")
endif()
if(NOT EXISTS "${OVS_SOURCE_DIR}/vswitchd/bridge.c")
    message(FATAL_ERROR "${OVS_SOURCE_DIR} is not an OVS source tree "
                        "(no vswitchd/bridge.c)")
endif()

set(_ovs_lib_rel "lib/.libs/libopenvswitch.a")
if(OVS_BUILD_DIR)
    if(NOT EXISTS "${OVS_BUILD_DIR}/config.h")
        message(FATAL_ERROR
            "${OVS_BUILD_DIR} is not configured as an OVS build directory "
            "(no config.h): run OVS's configure there or drop OVS_BUILD_DIR")
    endif()
    set(_ovs_build_here OFF)
else()
    set(OVS_BUILD_DIR "${CMAKE_BINARY_DIR}/ovs/build")
    set(_ovs_build_here ON)
    if(NOT EXISTS "${OVS_BUILD_DIR}/config.h")
        file(MAKE_DIRECTORY "${OVS_BUILD_DIR}")
        message(STATUS "Configuring OVS in ${OVS_BUILD_DIR}")
        execute_process(
            COMMAND "${OVS_SOURCE_DIR}/configure"
                    --disable-dependency-tracking --prefix=/usr
                    --localstatedir=/var --sysconfdir=/etc --enable-ssl
            WORKING_DIRECTORY "${OVS_BUILD_DIR}"
            OUTPUT_FILE "${OVS_BUILD_DIR}/cmake-configure.log"
            ERROR_FILE "${OVS_BUILD_DIR}/cmake-configure.log"
            RESULT_VARIABLE _rc)
        if(NOT _rc EQUAL 0)
            message(FATAL_ERROR "OVS configure failed, see "
                                "${OVS_BUILD_DIR}/cmake-configure.log")
        endif()
    endif()
endif()

# Version checks: the library must match the installed ovs-vswitchd.
file(STRINGS "${OVS_BUILD_DIR}/config.h" _ovs_ver_line
     REGEX "^#define PACKAGE_VERSION ")
string(REGEX REPLACE ".*\"([0-9.]+)\".*" "\\1" OVS_VERSION "${_ovs_ver_line}")
string(REGEX MATCH "^[0-9]+\\.[0-9]+" OVS_VERSION_MM "${OVS_VERSION}")
find_program(OVS_VSWITCHD ovs-vswitchd PATHS /usr/sbin /sbin)
if(NOT OVS_VSWITCHD)
    message(FATAL_ERROR "ovs-vswitchd is not installed: install "
                        "openvswitch-switch (contrib/install-deps.sh does)")
endif()
execute_process(COMMAND "${OVS_VSWITCHD}" --version
                OUTPUT_VARIABLE _vsd_out ERROR_QUIET)
string(REGEX MATCH "[0-9]+\\.[0-9]+\\.[0-9]+" OVS_INSTALLED_VERSION
       "${_vsd_out}")
string(REGEX MATCH "^[0-9]+\\.[0-9]+" _inst_mm "${OVS_INSTALLED_VERSION}")
if(NOT OVS_VERSION_MM STREQUAL _inst_mm)
    message(FATAL_ERROR
        "OVS source is ${OVS_VERSION} but the installed ovs-vswitchd is "
        "${OVS_INSTALLED_VERSION}: install the openvswitch-source package "
        "of the same version as openvswitch-switch")
endif()
message(STATUS "libopenvswitch ${OVS_VERSION} (installed ovs-vswitchd "
               "${OVS_INSTALLED_VERSION})")

set(OVS_LIBRARY "${OVS_BUILD_DIR}/${_ovs_lib_rel}")
if(_ovs_build_here)
    add_custom_command(
        OUTPUT "${OVS_LIBRARY}"
        COMMAND sh "${CMAKE_CURRENT_LIST_DIR}/build-ovs.sh" "${OVS_BUILD_DIR}"
        COMMENT "Building libopenvswitch.a ${OVS_VERSION} (1-2 minutes)"
        VERBATIM)
elseif(NOT EXISTS "${OVS_LIBRARY}")
    message(FATAL_ERROR "${OVS_LIBRARY} is missing: build it in "
                        "${OVS_BUILD_DIR} or drop OVS_BUILD_DIR")
endif()
add_custom_target(ovs_lib_build DEPENDS "${OVS_LIBRARY}")

# Link flags from the generated libopenvswitch.pc (Libs.private).
set(_ovs_private "-latomic -lm -lssl -lcrypto")
if(EXISTS "${OVS_BUILD_DIR}/lib/libopenvswitch.pc")
    file(STRINGS "${OVS_BUILD_DIR}/lib/libopenvswitch.pc" _pc_line
         REGEX "^Libs.private:")
    string(REGEX REPLACE "^Libs.private:[ ]*" "" _ovs_private "${_pc_line}")
endif()
separate_arguments(_ovs_private_list UNIX_COMMAND "${_ovs_private}")
find_package(Threads REQUIRED)

add_library(ovs::openvswitch STATIC IMPORTED GLOBAL)
set_target_properties(ovs::openvswitch PROPERTIES
    IMPORTED_LOCATION "${OVS_LIBRARY}"
    # OVS's config.h must come first: its HAVE_* macros shape OVS structs.
    INTERFACE_INCLUDE_DIRECTORIES
        "${OVS_BUILD_DIR};${OVS_SOURCE_DIR}/include;${OVS_BUILD_DIR}/include;${OVS_SOURCE_DIR}/lib;${OVS_BUILD_DIR}/lib;${OVS_SOURCE_DIR}"
    INTERFACE_LINK_LIBRARIES "${_ovs_private_list};Threads::Threads;rt")
add_dependencies(ovs::openvswitch ovs_lib_build)
