/*
 * Embeds payload.bin (found through the assembler's -I path) in .rodata, between two symbols that
 * app.c reads, so the executable's size and content come from real machine code and data.
 */
    .section .rodata
    .balign 64
    .globl bench_payload_start
    .globl bench_payload_end
bench_payload_start:
    .incbin "payload.bin"
bench_payload_end:

    /* No executable stack: the linker would warn otherwise. */
    .section .note.GNU-stack,"",@progbits
