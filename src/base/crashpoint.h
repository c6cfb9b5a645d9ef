/*
 * Named points where a test can kill the program, to prove that a crash at any instant
 * around placing an order never leads to a second order (tests/tui/place_crash.test,
 * docs/checkout.md "Crash safety"). With GETT_TUI_CRASHPOINT=<name> in the environment
 * the process sends itself SIGKILL when it reaches that point; otherwise nothing happens.
 */
#ifndef GETT_CRASHPOINT_H
#define GETT_CRASHPOINT_H

/* The points, in the order placing reaches them. */
#define CRASHPOINT_JOURNAL_BEGUN  "journal-begun"  /* entry pending, request not sent */
#define CRASHPOINT_ANSWER_IN	  "answer-in"	   /* the server answered; journal still pending */
#define CRASHPOINT_JOURNAL_PLACED "journal-placed" /* entry placed; the cart file still there */
#define CRASHPOINT_CART_ENDED	  "cart-ended"	   /* the cart file is gone */

void crashpoint(const char *name);

#endif
