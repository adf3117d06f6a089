#pragma once
// What the Huawei Cloud MPC thumbnails front door knows: the AK/SK pairs with their projects, the OBS
// buckets inputs are read from and outputs written to, and its limits. Filled from the config file's
// "huawei_mpc" section; the adapter only reads it.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tg::adapters::huawei_mpc {

struct MpcCredential {
  std::string access_key;  // AK, as sent in Authorization's Access=
  std::string secret_key;  // SK, signs requests (SDK-HMAC-SHA256)
  std::string project_id;  // the {project_id} of every path this AK may call
};

/// An OBS bucket thumbgate reads inputs from: a folder under media_root or an http(s) origin.
struct MpcInputBucket {
  std::string name;
  std::string root;
};

/// An OBS bucket thumbgate writes outputs into: a local folder (absolute, or relative to media_root).
struct MpcOutputBucket {
  std::string name;
  std::string root;
  std::string folder;  // `root` created and made canonical when the gateway starts
};

struct MpcSettings {
  std::vector<MpcCredential> credentials;
  std::vector<MpcInputBucket> input_buckets;
  std::vector<MpcOutputBucket> output_buckets;
  int requests_per_second = 20;     // accepted calls per AK in any one-second window
  int64_t date_window_s = 900;      // X-Sdk-Date within this many seconds of the server's clock
  int64_t sync_timeout_ms = 60000;  // how long a sync=1 create waits for its image

  const MpcCredential* find_credential(std::string_view access_key) const;
  const MpcInputBucket* find_input_bucket(std::string_view name) const;
  const MpcOutputBucket* find_output_bucket(std::string_view name) const;
};

}  // namespace tg::adapters::huawei_mpc
