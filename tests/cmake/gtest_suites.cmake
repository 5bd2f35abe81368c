# Run by traffpunkt_gtest_suites (tests/CMakeLists.txt) after a test executable is built:
# lists its tests and writes one CTest test per GoogleTest suite to OUTPUT.
#
# Why per suite and not per test (gtest_discover_tests): an integration suite starts its server
# and builds its meeting once (SetUpTestSuite), and a process per test did that again for every
# test; a table-driven suite (TEST_P) would pay it once per row. A failing test still names itself
# in the output, and `ctest -R <suite>` or the executable's --gtest_filter runs one.
#
# In: BINARY (the executable), OUTPUT (the file to write), PREFIX (CTest name prefix), LABEL,
#     TIMEOUT (seconds per suite).
cmake_minimum_required(VERSION 3.25)

execute_process(COMMAND "${BINARY}" --gtest_list_tests
    OUTPUT_VARIABLE listing ERROR_VARIABLE errors RESULT_VARIABLE status TIMEOUT 60)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "${BINARY} --gtest_list_tests failed (${status}):\n${listing}\n${errors}")
endif()

set(script "")
string(REPLACE "\n" ";" lines "${listing}")
foreach(line IN LISTS lines)
    # A suite line is "Suite." or "Prefix/Suite." (maybe with a "  # TypeParam = ..." comment);
    # its tests follow, indented. Every other line is the tests themselves or gtest's chatter.
    if(line MATCHES "^([A-Za-z_][A-Za-z0-9_/]*)\\.( .*)?$")
        set(suite "${CMAKE_MATCH_1}")
        string(REPLACE "/" "." name "${suite}")
        string(APPEND script
            "add_test([==[${PREFIX}.${name}]==] [==[${BINARY}]==] [==[--gtest_filter=${suite}.*]==])\n"
            "set_tests_properties([==[${PREFIX}.${name}]==] PROPERTIES LABELS ${LABEL} TIMEOUT ${TIMEOUT})\n")
    endif()
endforeach()
if(script STREQUAL "")
    message(FATAL_ERROR "${BINARY} lists no test suites:\n${listing}")
endif()
file(WRITE "${OUTPUT}" "${script}")
