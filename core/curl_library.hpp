#pragma once
// libcurl, loaded at run time: the server loads it once at start-up; the engine commands
// (`thumbgate snapshot`, `thumbgate sprite`) start faster without loading libcurl and the dozen
// libraries it depends on.

#include <curl/curl.h>

#include <string>

#include "core/result.hpp"

namespace tg {

/// The libcurl entry points thumbgate uses.
struct CurlLibrary {
  CURLcode (*global_init)(long flags) = nullptr;
  CURL* (*easy_init)() = nullptr;
  CURLcode (*easy_setopt)(CURL* handle, CURLoption option, ...) = nullptr;
  CURLcode (*easy_perform)(CURL* handle) = nullptr;
  CURLcode (*easy_getinfo)(CURL* handle, CURLINFO info, ...) = nullptr;
  void (*easy_cleanup)(CURL* handle) = nullptr;
  const char* (*easy_strerror)(CURLcode code) = nullptr;
  curl_slist* (*slist_append)(curl_slist* list, const char* line) = nullptr;
  void (*slist_free_all)(curl_slist* list) = nullptr;
};

/// The shared library `soname` loaded and its entry points resolved (curl_global_init already run),
/// kept for the life of the process; the loader's message when it cannot be loaded.
tg::Result<const CurlLibrary*, std::string> load_curl_library(const std::string& soname);

/// load_curl_library for the system libcurl, loaded once and shared by every caller.
tg::Result<const CurlLibrary*, std::string> curl_library();

}  // namespace tg
