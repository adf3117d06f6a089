#pragma once
// Errors as values at module edges: Result<T, E> holds either a value or an error.

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace tg {

/// Tag wrapper so that Result<T, E> can be built from an error even when T and E are alike.
template <class E>
struct Unexpected {
  E error;
};

template <class E>
Unexpected<std::decay_t<E>> unexpected(E&& e) {
  return {std::forward<E>(e)};
}

template <class T, class E>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  template <class G>
  Result(Unexpected<G> e) : v_(std::in_place_index<1>, E(std::move(e.error))) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const E& error() const { assert(!ok()); return std::get<1>(v_); }
  E& error() { assert(!ok()); return std::get<1>(v_); }

 private:
  std::variant<T, E> v_;
};

/// Result for operations that return nothing on success.
struct Ok {};

}  // namespace tg

// The one way a Result's error travels up: the enclosing function returns it (converted to its own error
// type) and otherwise carries on. C++ has no `?` operator, so these are the project's only error macros.
#define TG_RESULT_CONCAT_INNER(a, b) a##b
#define TG_RESULT_CONCAT(a, b) TG_RESULT_CONCAT_INNER(a, b)

/// TG_TRY(expr);  when `expr` (a Result) holds an error, returns it from the enclosing function.
#define TG_TRY(expr)                                                          \
  do {                                                                        \
    if (auto tg_try_result_ = (expr); !tg_try_result_) {                      \
      return ::tg::unexpected(std::move(tg_try_result_.error()));             \
    }                                                                         \
  } while (false)

/// TG_TRY_ASSIGN(auto x, expr);  as TG_TRY, and on success moves the value into the declaration `lhs`.
#define TG_TRY_ASSIGN(lhs, expr) TG_TRY_ASSIGN_IMPL(TG_RESULT_CONCAT(tg_try_value_, __LINE__), lhs, expr)
#define TG_TRY_ASSIGN_IMPL(tmp, lhs, expr)                     \
  auto tmp = (expr);                                           \
  if (!tmp) return ::tg::unexpected(std::move(tmp.error()));   \
  lhs = std::move(*tmp)
