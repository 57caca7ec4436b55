# Redraws success_by_update_taskcopy-memory.svg from the CSV data alone. Run in this folder: gnuplot success_by_update_taskcopy-memory.gp
# Writes success_by_update_taskcopy-memory-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "success_by_update_taskcopy-memory-gnuplot.svg"
set title "Share of seeds solved by each update, task copy-memory (dashed: Wilson lower bound)" noenhanced
set xlabel "update" noenhanced
set ylabel "share of seeds solved" noenhanced
set key outside right top noenhanced
set grid
set ytics ("0" 0.0, "0.2" 0.2, "0.4" 0.4, "0.6" 0.6000000000000001, "0.8" 0.8, "1" 1.0)
set yrange [0.0:1.0]
plot "success_by_update.csv" using (strcol("arm") eq "copy-lstm" && strcol("batch_size") eq "20" && strcol("bias") eq "pytorch" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "40" && strcol("input_bias") eq "" && strcol("learning_rate") eq "0.001" && strcol("length") eq "100" && strcol("optimizer") eq "rmsprop" && strcol("output_bias") eq "" && strcol("success_level") eq "0.99" && strcol("task") eq "copy-memory" && strcol("updates") eq "2000" ? column("update") : 1/0):(column("rate")) with linespoints lw 1.6 pt 7 ps 0.7 pi 6 lc rgb "#0072B2" title "arm=copy-lstm", \
     "success_by_update.csv" using (strcol("arm") eq "copy-lstm" && strcol("batch_size") eq "20" && strcol("bias") eq "pytorch" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "40" && strcol("input_bias") eq "" && strcol("learning_rate") eq "0.001" && strcol("length") eq "100" && strcol("optimizer") eq "rmsprop" && strcol("output_bias") eq "" && strcol("success_level") eq "0.99" && strcol("task") eq "copy-memory" && strcol("updates") eq "2000" ? column("update") : 1/0):(column("rate_lower")) with lines lw 1.6 lc rgb "#0072B2" dt 2 notitle
