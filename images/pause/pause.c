/*
 * pause: the process of a Pod sandbox's infra container. It holds the sandbox's namespaces while the Pod lives and
 * does nothing else: it sleeps until SIGTERM or SIGINT (then exits 0; as PID 1 it would otherwise ignore them) and
 * reaps any child re-parented to it (SIGCHLD at SIG_IGN lets the kernel do that). Built static by the dev kit's image
 * builder (io.kubetron.lab.image.Images) with the flags below; no registry serves one here.
 *
 * It behaves as the upstream pause does (kubernetes/kubernetes build/pause/linux/pause.c: SIGINT and SIGTERM end it
 * with 0, SIGCHLD reaps), except that the kernel reaps for it (SIG_IGN) instead of a waitpid loop in a handler; its
 * image runs it as 65535:65535, as build/pause/Dockerfile does.
 */
#include <signal.h>
#include <stddef.h>
#include <unistd.h>

/* PAUSE_CFLAGS="-static -Os -s -Wall -Wextra -Werror" */

static void on_stop(int sig) {
    (void)sig;
    _exit(0);
}

int main(void) {
    struct sigaction sa = {0};
    sa.sa_handler = on_stop;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGCHLD, &sa, NULL);
    for (;;) {
        pause();
    }
}
