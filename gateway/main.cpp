// thumbgate: the command line. `serve` runs the gateway; `snapshot` and `sprite` run the engine once;
// `media add` fills the media table; `config schema` prints the config file's JSON schema; `tasks` shows
// and changes tasks; `sign` prints a signed request (a URL or a curl command).

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "cli/engine_commands.hpp"
#include "gateway/application.hpp"
#include "gateway/config_schema.hpp"

namespace {

constexpr const char* kUsage =
    "usage: thumbgate --version\n"
    "       thumbgate serve [--config FILE] [--listen HOST:PORT]\n"
    "       thumbgate media add FILE_ID SOURCE [--config FILE]\n"
    "       thumbgate config schema   (prints the config file's JSON schema)\n"
    "       thumbgate tasks list|show|retry|cancel ... [--config FILE]   (see `thumbgate tasks`)\n"
    "       thumbgate sign zego|tencent_vod|tencent_ci|aliyun_ice|huawei_mpc ... [--config FILE]   (a signed request)\n"
    "       thumbgate snapshot INPUT --time T [...] -o OUT   (see `thumbgate snapshot --help`)\n"
    "       thumbgate sprite INPUT --interval S ... -o 'sprite-{n}.jpg' --vtt sprite.vtt\n"
    "       thumbgate animated INPUT [--start S] [--end S] [--width W] [--fps F] -o OUT.gif|OUT.webp\n"
    "       thumbgate rendition INPUT [--max-side N] -o OUT.mp4   (the player's preview rendition)\n";

/// Pulls "<flag> VALUE" out of args; returns false on a dangling flag.
bool take_option(std::vector<std::string>& args, const std::string& flag, std::string& value) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == flag) {
      if (i + 1 >= args.size()) return false;
      value = args[i + 1];
      args.erase(args.begin() + static_cast<long>(i), args.begin() + static_cast<long>(i) + 2);
      return true;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << kUsage;
    return 2;
  }
  std::string command = argv[1];
  if (command == "--version" || command == "version") {
    std::cout << "thumbgate " << THUMBGATE_VERSION << "\n";
    return 0;
  }
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return 0;
  }
  if (command == "snapshot" || command == "sprite" || command == "animated" || command == "rendition") {
    int rc = command == "snapshot"   ? tg::cli::run_snapshot_command(argc - 1, argv + 1)
             : command == "sprite"   ? tg::cli::run_sprite_command(argc - 1, argv + 1)
             : command == "animated" ? tg::cli::run_animated_command(argc - 1, argv + 1)
                                     : tg::cli::run_rendition_command(argc - 1, argv + 1);
    // Every output is written and closed by now. The finalisers of the ~140 shared libraries
    // FFmpeg loads have nothing left to save, and running them is a noticeable part of a
    // one-frame command's time.
    std::cout.flush();
    std::fflush(nullptr);
    std::_Exit(rc);
  }

  std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "config") {
    if (args.size() != 1 || args[0] != "schema") {
      std::cerr << "usage: thumbgate config schema\n";
      return 2;
    }
    return tg::gateway::run_config_schema(std::cout, std::cerr);
  }
  std::string config_path;
  if (!take_option(args, "--config", config_path)) {
    std::cerr << "thumbgate: --config needs a file name\n";
    return 2;
  }
  if (command == "serve") {
    std::string listen;
    if (!take_option(args, "--listen", listen)) {
      std::cerr << "thumbgate: --listen needs HOST:PORT\n";
      return 2;
    }
    if (!args.empty()) {
      std::cerr << "thumbgate serve: unexpected argument '" << args.front() << "'\n" << kUsage;
      return 2;
    }
    return tg::gateway::run_server(config_path, listen, std::cout, std::cerr);
  }
  if (command == "tasks") return tg::gateway::run_tasks(config_path, args, std::cout, std::cerr);
  if (command == "sign") return tg::gateway::run_sign(config_path, args, std::cout, std::cerr);
  if (command == "media") {
    if (args.size() != 3 || args[0] != "add") {
      std::cerr << "usage: thumbgate media add FILE_ID SOURCE [--config FILE]\n";
      return 2;
    }
    return tg::gateway::run_media_add(config_path, args[1], args[2], std::cout, std::cerr);
  }
  std::cerr << "thumbgate: unknown command '" << command << "'\n" << kUsage;
  return 2;
}
