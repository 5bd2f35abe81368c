#include "pb_exact.hpp"

namespace traffpunkt::pb::pb_detail {

std::string fraction_text(const big_int& num, const big_int& den) {
    const big_int g = boost::multiprecision::gcd(num, den);
    const big_int p = num / g;
    const big_int q = den / g;
    if (q == 1) {
        return p.str();
    }
    return p.str() + "/" + q.str();
}

std::string decimal_text(const big_int& num, const big_int& den) {
    // Hundredths, half up: floor((100 num + den / 2) / den) == floor((200 num + den) / (2 den)).
    const big_int cents = (200 * num + den) / (2 * den);
    std::string whole = big_int(cents / 100).str();
    const auto rest = static_cast<int>(cents % 100);
    return whole + "." + static_cast<char>('0' + rest / 10) + static_cast<char>('0' + rest % 10);
}

}  // namespace traffpunkt::pb::pb_detail
