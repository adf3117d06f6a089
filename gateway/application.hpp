#pragma once
// Wires the gateway's objects together from a config: task store, media resolver, signers, rate limiter,
// vendors' front doors, worker pool, callback sender and the HTTP server.

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "adapters/front_door.hpp"

namespace tg::gateway {

/// `thumbgate serve`: loads the config (embedded defaults when `config_path` is empty; `listen`, when not
/// empty, replaces its listen address), serves until SIGINT/SIGTERM. Returns the process exit code.
int run_server(const std::string& config_path, const std::string& listen, std::ostream& out, std::ostream& err);

/// run_server serving `vendors` instead of the standard ones; `on_listening`, when set, is called with the
/// bound URL once the server accepts requests.
int run_server(const std::string& config_path, const std::string& listen, const adapters::VendorList& vendors,
               std::ostream& out, std::ostream& err,
               const std::function<void(const std::string&)>& on_listening = {});

/// `thumbgate media add ID SOURCE`: records a media-table entry in the config's database.
int run_media_add(const std::string& config_path, const std::string& file_id, const std::string& source,
                  std::ostream& out, std::ostream& err);

/// `thumbgate tasks …` (cli/task_commands.hpp) on the config's database.
int run_tasks(const std::string& config_path, const std::vector<std::string>& args, std::ostream& out,
              std::ostream& err);

/// `thumbgate sign …` (cli/sign_command.hpp) with the config's credentials and address.
int run_sign(const std::string& config_path, const std::vector<std::string>& args, std::ostream& out,
             std::ostream& err);

}  // namespace tg::gateway
