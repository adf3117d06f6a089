#include "core/curl_library.hpp"

#include <map>
#include <memory>
#include <mutex>

#include "core/shared_library.hpp"

namespace tg {
namespace {

// libcurl's ABI has carried soname 4 since 2006.
constexpr const char* kSystemLibcurl = "libcurl.so.4";

struct Loaded {
  SharedLibrary handle;
  CurlLibrary api;
};

tg::Result<std::unique_ptr<Loaded>, std::string> open_library(const std::string& soname) {
  TG_TRY_ASSIGN(SharedLibrary handle, open_shared_library(soname));
  auto loaded = std::make_unique<Loaded>();
  CurlLibrary& api = loaded->api;
  std::string missing;
  resolve_symbol(handle, "curl_global_init", api.global_init, missing);
  resolve_symbol(handle, "curl_easy_init", api.easy_init, missing);
  resolve_symbol(handle, "curl_easy_setopt", api.easy_setopt, missing);
  resolve_symbol(handle, "curl_easy_perform", api.easy_perform, missing);
  resolve_symbol(handle, "curl_easy_getinfo", api.easy_getinfo, missing);
  resolve_symbol(handle, "curl_easy_cleanup", api.easy_cleanup, missing);
  resolve_symbol(handle, "curl_easy_strerror", api.easy_strerror, missing);
  resolve_symbol(handle, "curl_slist_append", api.slist_append, missing);
  resolve_symbol(handle, "curl_slist_free_all", api.slist_free_all, missing);
  if (!missing.empty()) return tg::unexpected(soname + " has no " + missing);
  if (CURLcode rc = api.global_init(CURL_GLOBAL_DEFAULT); rc != CURLE_OK) {
    return tg::unexpected("cannot initialise " + soname + ": " + api.easy_strerror(rc));
  }
  loaded->handle = std::move(handle);
  return loaded;
}

}  // namespace

tg::Result<const CurlLibrary*, std::string> load_curl_library(const std::string& soname) {
  // One load per name for the life of the process: handles given out stay valid.
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<Loaded>> loaded;
  std::lock_guard lock(mutex);
  if (auto it = loaded.find(soname); it != loaded.end()) return &it->second->api;
  TG_TRY_ASSIGN(auto opened, open_library(soname));
  const CurlLibrary* api = &opened->api;
  loaded.emplace(soname, std::move(opened));
  return api;
}

tg::Result<const CurlLibrary*, std::string> curl_library() { return load_curl_library(kSystemLibcurl); }

}  // namespace tg
