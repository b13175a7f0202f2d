"""The account pages: signing in and out, two-factor sign-in, API tokens, passwords,
enrolment codes and the security policy. The rules they apply live in `sprava.accounts`."""
