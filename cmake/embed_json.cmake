cmake_minimum_required(VERSION 3.25)
# Compiles a JSON file into a library as `std::string_view NAMESPACE::FUNCTION()` returning its text, so the
# binary carries it (the config schema parts). Included, it defines tg_embed_json(); run with cmake -P
# (-DINPUT= -DOUTPUT= -DNAMESPACE= -DFUNCTION=) at build time, it writes the C++ file.

if(CMAKE_SCRIPT_MODE_FILE)
  if(NOT INPUT OR NOT OUTPUT OR NOT NAMESPACE OR NOT FUNCTION)
    message(FATAL_ERROR "embed_json.cmake needs -DINPUT=... -DOUTPUT=... -DNAMESPACE=... -DFUNCTION=...")
  endif()
  file(READ ${INPUT} body)
  # A part that is not JSON stops the build here rather than at the first run.
  string(JSON kind ERROR_VARIABLE json_error TYPE "${body}")
  if(json_error)
    message(FATAL_ERROR "${INPUT} is not valid JSON: ${json_error}")
  endif()
  string(FIND "${body}" ")tgjson\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )tgjson\"")
  endif()
  set(text "// Generated from ${INPUT} by cmake/embed_json.cmake. Do not edit.\n")
  string(APPEND text "#include <string_view>\n\nnamespace ${NAMESPACE} {\n\n")
  string(APPEND text "std::string_view ${FUNCTION}() {\n  return R\"tgjson(${body})tgjson\";\n}\n\n")
  string(APPEND text "}  // namespace ${NAMESPACE}\n")
  file(WRITE ${OUTPUT}.tmp "${text}")
  file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
  file(REMOVE ${OUTPUT}.tmp)
  return()
endif()

set(TG_EMBED_JSON_SCRIPT ${CMAKE_CURRENT_LIST_FILE})

# tg_embed_json(<target> <json file> <namespace> <function>): adds the generated C++ file to <target>.
function(tg_embed_json target input namespace function)
  get_filename_component(stem ${input} NAME_WE)
  string(MAKE_C_IDENTIFIER "${target}_${stem}" name)
  set(output ${CMAKE_CURRENT_BINARY_DIR}/${name}_embedded.cpp)
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${input} -DOUTPUT=${output} -DNAMESPACE=${namespace} -DFUNCTION=${function}
            -P ${TG_EMBED_JSON_SCRIPT}
    DEPENDS ${input} ${TG_EMBED_JSON_SCRIPT}
    COMMENT "Embedding ${input}"
    VERBATIM)
  target_sources(${target} PRIVATE ${output})
endfunction()
