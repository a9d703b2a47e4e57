package ick.identity;

/** What may be shown of a user: name and role, never the password or its hash. */
public record UserInfo(String name, String role) {
    static UserInfo of(User user) {
        return new UserInfo(user.name(), user.role().json());
    }
}
