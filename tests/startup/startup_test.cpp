// What the thumbgate binary does at start-up and exit: the engine commands run without libcurl (and
// without libavfilter unless they make a GIF), the server loads libcurl before serving and keeps its data
// folder to itself, the engine commands still flush what they print before their quick exit, the most
// looked-up libraries lead the symbol scope, and Highway's start-up timer probe is answered by the
// executable.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "support/clips.hpp"
#include "support/server_process.hpp"
#include "support/tool_command.hpp"

namespace tg::testing {
namespace {

TEST(Startup, EngineCommandsDoNotLoadLibcurl) {
  std::string clip = clip_path(ClipKind::kH264Short);
  ASSERT_FALSE(clip.empty());
  std::string out = work_dir("startup") + "/frame.jpg";
  // LD_DEBUG=libs makes the loader report every library it looks for on stderr.
  auto res = run_tool({"env", "LD_DEBUG=libs", TG_THUMBGATE_BIN, "snapshot", clip, "--time", "1", "-o", out});
  ASSERT_EQ(res.exit_code, 0) << res.err.substr(0, 2000);
  ASSERT_NE(res.err.find("libavcodec"), std::string::npos) << "the loader's report is missing";
  EXPECT_EQ(res.err.find("libcurl"), std::string::npos);
}

TEST(Startup, OnlyGifsLoadLibavfilter) {
  std::string clip = clip_path(ClipKind::kH264Short);
  ASSERT_FALSE(clip.empty());
  const std::string dir = work_dir("startup");
  auto still = run_tool({"env", "LD_DEBUG=libs", TG_THUMBGATE_BIN, "snapshot", clip, "--time", "1", "-o",
                         dir + "/still.jpg"});
  ASSERT_EQ(still.exit_code, 0) << still.err.substr(0, 2000);
  ASSERT_NE(still.err.find("libavcodec"), std::string::npos) << "the loader's report is missing";
  EXPECT_EQ(still.err.find("libavfilter"), std::string::npos);
  auto webp = run_tool({"env", "LD_DEBUG=libs", TG_THUMBGATE_BIN, "animated", clip, "--start", "0", "--end", "1",
                        "--width", "64", "-o", dir + "/preview.webp"});
  ASSERT_EQ(webp.exit_code, 0) << webp.err.substr(0, 2000);
  EXPECT_EQ(webp.err.find("libavfilter"), std::string::npos);
  auto gif = run_tool({"env", "LD_DEBUG=libs", TG_THUMBGATE_BIN, "animated", clip, "--start", "0", "--end", "1",
                       "--width", "64", "-o", dir + "/preview.gif"});
  ASSERT_EQ(gif.exit_code, 0) << gif.err.substr(0, 2000);
  EXPECT_NE(gif.err.find("libavfilter"), std::string::npos);
}

TEST(Startup, ServerLoadsLibcurlBeforeServing) {
  // Loaded on the first callback instead, libcurl would fail to load whenever descriptors run short at
  // that moment, and every callback with it.
  std::string dir = work_dir("startup/server-curl");
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto server = ServerProcess::start({"serve", "--listen", "127.0.0.1:0"}, dir);
  ASSERT_TRUE(server);
  std::ifstream maps("/proc/" + std::to_string(server->pid()) + "/maps");
  ASSERT_TRUE(maps);
  std::stringstream mapped;
  mapped << maps.rdbuf();
  EXPECT_NE(mapped.str().find("/libcurl"), std::string::npos);
  EXPECT_EQ(server->terminate(), 0);
}

TEST(Startup, TheDataFolderTheDatabaseAndTheDemoSecretAreTheOwnersAlone) {
  std::string dir = work_dir("startup/private-data");
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto server = ServerProcess::start({"serve", "--listen", "127.0.0.1:0"}, dir);
  ASSERT_TRUE(server);
  auto mode_of = [&](const std::string& name) {
    struct stat st {};
    EXPECT_EQ(::stat((dir + "/thumbgate-data/" + name).c_str(), &st), 0) << name;
    return st.st_mode & 0777;
  };
  EXPECT_EQ(mode_of("."), 0700u);
  EXPECT_EQ(mode_of("outputs"), 0700u);
  EXPECT_EQ(mode_of("thumbgate.db"), 0600u);
  EXPECT_EQ(mode_of("demo-app.json"), 0600u);
  EXPECT_EQ(server->terminate(), 0);
}

TEST(Startup, EngineCommandsFlushTheirOutputBeforeExiting) {
  std::string clip = clip_path(ClipKind::kH264Short);
  ASSERT_FALSE(clip.empty());
  std::string out = work_dir("startup") + "/flushed.jpg";
  // stdout is a pipe here, so it is fully buffered: only an explicit flush gets the line out.
  auto res = run_tool({TG_THUMBGATE_BIN, "snapshot", clip, "--time", "1", "-o", out});
  ASSERT_EQ(res.exit_code, 0) << res.err;
  EXPECT_EQ(res.out.rfind(out + "\t", 0), 0u) << res.out;
  auto bad = run_tool({TG_THUMBGATE_BIN, "sprite", "/no/such/clip.mp4", "--interval", "1", "--columns", "2",
                       "--rows", "2", "--cell", "80x45", "-o", work_dir("startup") + "/s-{n}.jpg", "--vtt",
                       work_dir("startup") + "/s.vtt"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("no such file"), std::string::npos) << bad.err;
}

// Which shared object receives the most symbol lookups of an engine command's start-up, counted here from
// the loader's own report of every binding (not the ranking the build made), must come right after the
// executable in the global scope, where each lookup starts.
TEST(Startup, MostLookedUpLibraryComesRightAfterTheExecutable) {
  if (const std::string off = TG_SYMBOL_SCOPE_OFF; !off.empty()) {
    // Only a build that says why it keeps the link order (a sanitizer build, the option turned off) may
    // leave the scope alone; ctest lists the test as skipped.
    GTEST_SKIP() << "this build leaves the symbol scope in link order: " << off;
  }
  std::string clip = clip_path(ClipKind::kH264Short);
  ASSERT_FALSE(clip.empty());
  const std::string dir = work_dir("startup/bindings-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  // LD_DEBUG=bindings writes "binding file A [0] to B [0]: normal symbol `name'" for every lookup.
  auto run = run_tool({"env", "LD_DEBUG=bindings", "LD_DEBUG_OUTPUT=" + dir + "/bindings", TG_THUMBGATE_BIN,
                       "snapshot", clip, "--time", "1", "-o", dir + "/frame.jpg"});
  ASSERT_EQ(run.exit_code, 0) << run.err.substr(0, 2000);
  std::map<std::string, long> lookups;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().filename().string().rfind("bindings.", 0) != 0) continue;
    std::ifstream report(entry.path());
    std::string line;
    while (std::getline(report, line)) {
      const size_t to = line.find(" to ");
      if (line.find("binding file ") == std::string::npos || to == std::string::npos) continue;
      const size_t end = line.find(" [", to + 4);
      if (end == std::string::npos) continue;
      const std::string object = line.substr(to + 4, end - to - 4);
      const bool loader =
          object.find("ld-linux") != std::string::npos || object.find("linux-vdso") != std::string::npos;
      const bool executable = std::filesystem::path(object).filename() == "thumbgate";
      if (!loader && !executable) ++lookups[object];
    }
  }
  ASSERT_FALSE(lookups.empty()) << "the loader reported no bindings";
  const auto most = std::max_element(lookups.begin(), lookups.end(),
                                     [](const auto& a, const auto& b) { return a.second < b.second; });

  // LD_DEBUG=scopes prints the global scope: the executable, then the libraries in search order.
  auto res = run_tool({"env", "LD_DEBUG=scopes", TG_THUMBGATE_BIN, "--version"});
  ASSERT_EQ(res.exit_code, 0) << res.err.substr(0, 2000);
  size_t at = res.err.find("scope 0:");
  ASSERT_NE(at, std::string::npos) << res.err.substr(0, 2000);
  std::istringstream scope(res.err.substr(at + 8, res.err.find('\n', at) - at - 8));
  std::string executable, second;
  scope >> executable >> second;
  EXPECT_EQ(second, most->first) << most->second << " lookups end in " << most->first << ", " << lookups[second]
                                 << " in " << second << "; " << res.err.substr(at, 600);
  std::filesystem::remove_all(dir);
}

// libhwy (loaded by FFmpeg through libjxl) times 65 000 reads of the cycle counter in a static initializer
// unless the executable answers that call; and only libhwy itself may look the probe up, because the
// stand-in's value is not a measurement.
TEST(Startup, HighwaysTimerProbeIsAnsweredByTheExecutable) {
  const std::string dir = work_dir("startup/highway-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto run = run_tool({"env", "LD_DEBUG=bindings", "LD_DEBUG_OUTPUT=" + dir + "/bindings", TG_THUMBGATE_BIN,
                       "--version"});
  ASSERT_EQ(run.exit_code, 0) << run.err.substr(0, 2000);
  std::vector<std::string> probe_bindings;
  bool libhwy_loaded = false;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream report(entry.path());
    std::string line;
    while (std::getline(report, line)) {
      if (line.find("/libhwy.so") != std::string::npos) libhwy_loaded = true;
      if (line.find("binding file ") != std::string::npos &&
          line.find("`_ZN3hwy8platform15TimerResolutionEv'") != std::string::npos) {
        probe_bindings.push_back(line);
      }
    }
  }
  std::filesystem::remove_all(dir);
  if (!libhwy_loaded) GTEST_SKIP() << "this system's FFmpeg does not load libhwy";
  ASSERT_EQ(probe_bindings.size(), 1u) << "libhwy should look its timer probe up once, and nothing else should";
  const std::string& line = probe_bindings.front();
  const size_t to = line.find(" to ");
  ASSERT_NE(to, std::string::npos) << line;
  EXPECT_NE(line.substr(0, to).find("/libhwy.so"), std::string::npos) << line;
  const size_t end = line.find(" [", to + 4);
  ASSERT_NE(end, std::string::npos) << line;
  EXPECT_EQ(std::filesystem::path(line.substr(to + 4, end - to - 4)).filename().string(), "thumbgate") << line;
}

}  // namespace
}  // namespace tg::testing
