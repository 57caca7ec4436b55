# Redraws gradient_norms.svg from the CSV data alone. Run in this folder: gnuplot gradient_norms.gp
# Writes gradient_norms-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "gradient_norms-gnuplot.svg"
set title "‖∂L/∂h_t‖ against lag at matched parameter counts (seed 1)" noenhanced
set xlabel "lag T − t" noenhanced
set ylabel "‖∂L/∂h_t‖ (log scale)" noenhanced
set key outside right top noenhanced
set grid
set format y "1e%g"
plot "gradient_norms.csv" using (strcol("cell") eq "rnn-tanh" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#0072B2" title "rnn-tanh", \
     "gradient_norms.csv" using (strcol("cell") eq "lstm" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#D55E00" title "lstm", \
     "gradient_norms.csv" using (strcol("cell") eq "gru" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#009E73" title "gru"
