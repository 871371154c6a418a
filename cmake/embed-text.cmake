# Turns a text file into a C header holding its bytes as a NUL-terminated
# array, so that a file such as controller/status-page.html is built into
# the binary without xxd or any tool besides CMake.
#
#   cmake -DINPUT=FILE -DOUTPUT=HEADER -DNAME=IDENTIFIER -P embed-text.cmake
#
# The header defines "static const char NAME[]"; sizeof NAME - 1 is the
# file's length.

foreach(var INPUT OUTPUT NAME)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "embed-text.cmake: ${var} is not set")
    endif()
endforeach()

file(READ "${INPUT}" hex HEX)
# Twelve bytes a line keeps the header under 80 columns.
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)"
       "\\1\n    " bytes "${bytes}")
get_filename_component(input_name "${INPUT}" NAME)
file(WRITE "${OUTPUT}"
"/* Generated from ${input_name} by cmake/embed-text.cmake: do not edit. */\n"
"static const char ${NAME}[] = {\n    ${bytes}0x00\n};\n")
