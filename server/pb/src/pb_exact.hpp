#pragma once

// Exact numbers for the PB rules: unbounded integers (Boost.Multiprecision, header-only) and
// the text forms shown to people. Internal to traffpunkt_pb.

#include <boost/multiprecision/cpp_int.hpp>

#include <string>

namespace traffpunkt::pb::pb_detail {

using big_int = boost::multiprecision::cpp_int;

/** `num/den` in lowest terms as "p/q", or "p" when the denominator is 1. `den` > 0. */
std::string fraction_text(const big_int& num, const big_int& den);

/** `num/den` >= 0 with two decimals, rounded half up: 1/8 -> "0.13", 7 -> "7.00". */
std::string decimal_text(const big_int& num, const big_int& den);

}  // namespace traffpunkt::pb::pb_detail
