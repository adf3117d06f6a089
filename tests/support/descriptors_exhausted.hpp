#pragma once
// Runs the test process out of file descriptors for a while: the soft RLIMIT_NOFILE is lowered to the
// lowest free descriptor, so every open, socket, accept or dup fails with EMFILE until release().

#include <sys/resource.h>
#include <unistd.h>

namespace tg::testing {

class DescriptorsExhausted {
 public:
  DescriptorsExhausted() {
    getrlimit(RLIMIT_NOFILE, &saved_);
    const int next = ::dup(0);
    if (next >= 0) ::close(next);
    rlimit low = saved_;
    low.rlim_cur = static_cast<rlim_t>(next);
    ok_ = next > 0 && setrlimit(RLIMIT_NOFILE, &low) == 0;
  }
  ~DescriptorsExhausted() { release(); }
  DescriptorsExhausted(const DescriptorsExhausted&) = delete;
  DescriptorsExhausted& operator=(const DescriptorsExhausted&) = delete;

  bool ok() const { return ok_; }
  /// Restores the limit the process had.
  void release() {
    if (ok_) setrlimit(RLIMIT_NOFILE, &saved_);
    ok_ = false;
  }

 private:
  rlimit saved_{};
  bool ok_ = false;
};

}  // namespace tg::testing
