# Start-up of the thumbgate executable: the order of its global symbol scope.
#
# The dynamic loader resolves every symbol a shared object imports by walking the global scope in
# order: the executable, its DT_NEEDED entries, then theirs, breadth first. FFmpeg's libraries pull in
# some 140 shared objects, and most imported symbols live in a few of them (libc, libcrypto, libstdc++,
# glib, ...) that the breadth-first order reaches late. Naming those first in the executable's
# DT_NEEDED list makes each lookup end early. A one-frame snapshot spent about half of its instructions
# in these lookups; this halves them (a third fewer start-up instructions). The libraries are loaded
# either way: nothing new is linked in, only the search order changes.
#
# tg_order_symbol_scope(target LIBS...) links a probe against LIBS at configure time, runs it once
# under LD_DEBUG=bindings (cmake/rank_symbol_scope.sh) and puts the libraries receiving the most
# lookups first on `target`'s link line. Skipped where it cannot apply or help. Because FFmpeg's own
# dependencies become the executable's, rebuild after the FFmpeg packages change their dependencies
# (a new Debian release; stable updates keep them).

option(THUMBGATE_ORDER_SYMBOL_SCOPE "List the most looked-up shared libraries first in thumbgate" ON)

function(tg_order_symbol_scope target)
  # Where the order does not apply, `target` says why (TG_SYMBOL_SCOPE_OFF), so the tests know it is meant.
  set(unordered_because "")
  if(NOT THUMBGATE_ORDER_SYMBOL_SCOPE)
    set(unordered_because "THUMBGATE_ORDER_SYMBOL_SCOPE is OFF")
  elseif(THUMBGATE_SANITIZE)
    # A shared sanitizer runtime (gcc's libasan) has to lead the scope, and start-up time is not what a
    # sanitizer build measures.
    set(unordered_because "a sanitizer build (THUMBGATE_SANITIZE) keeps the link order")
  elseif(CMAKE_CROSSCOMPILING OR NOT CMAKE_SYSTEM_NAME STREQUAL "Linux")
    set(unordered_because "the probe needs to run on the Linux target itself")
  endif()
  if(NOT unordered_because STREQUAL "")
    set_target_properties(${target} PROPERTIES TG_SYMBOL_SCOPE_OFF "${unordered_because}")
    return()
  endif()
  if(NOT DEFINED CACHE{TG_SYMBOL_SCOPE_LIBRARIES})
    set(dir ${CMAKE_BINARY_DIR}/symbol-scope-probe)
    file(WRITE ${dir}/probe.cpp "int main() { return 0; }\n")
    try_compile(probe_built ${dir}/build
                SOURCES ${dir}/probe.cpp
                LINK_OPTIONS "LINKER:--no-as-needed"
                LINK_LIBRARIES ${ARGN}
                OUTPUT_VARIABLE probe_log
                COPY_FILE ${dir}/probe)
    set(ranked "")
    if(probe_built)
      execute_process(COMMAND sh ${TG_SOURCE_ROOT}/cmake/rank_symbol_scope.sh ${dir}/probe ${dir}/run
                      OUTPUT_VARIABLE ranked RESULT_VARIABLE rank_rc ERROR_QUIET
                      OUTPUT_STRIP_TRAILING_WHITESPACE)
      if(NOT rank_rc EQUAL 0)
        set(ranked "")
      endif()
      string(REPLACE "\n" ";" ranked "${ranked}")
    endif()
    set(TG_SYMBOL_SCOPE_LIBRARIES "${ranked}" CACHE INTERNAL "Shared libraries named first, most looked-up first")
    list(LENGTH ranked count)
    message(STATUS "Symbol scope: ${count} most looked-up libraries named first")
  endif()
  if(TG_SYMBOL_SCOPE_LIBRARIES)
    target_link_options(${target} PRIVATE "LINKER:--push-state,--no-as-needed"
                        ${TG_SYMBOL_SCOPE_LIBRARIES} "LINKER:--pop-state")
  endif()
endfunction()
