# Redraws jacobian_top.svg from the CSV data alone. Run in this folder: gnuplot jacobian_top.gp
# Writes jacobian_top-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "jacobian_top-gnuplot.svg"
set title "Largest singular value of the Jacobian product (seed 1)" noenhanced
set xlabel "lag" noenhanced
set ylabel "σ_1 of ∂s_T/∂s_{T−lag} (log scale)" noenhanced
set key outside right top noenhanced
set grid
set ytics ("1e-60" -60.0, "1e-40" -40.0, "1e-20" -20.0, "1e0" 0.0)
set yrange [-71.31367898322642:3.395888929034781]
plot "jacobian_spectrum.csv" using (strcol("cell") eq "rnn-tanh" && strcol("forget_bias") eq "" && strcol("init") eq "" && strcol("update_bias") eq "" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("index") eq "0" ? column("lag") : 1/0):(column("log10_singular_value")) with linespoints lw 1.6 pt 7 ps 0.7 pi 4 lc rgb "#0072B2" title "rnn-tanh", \
     "jacobian_spectrum.csv" using (strcol("cell") eq "lstm" && strcol("forget_bias") eq "" && strcol("init") eq "" && strcol("update_bias") eq "" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("index") eq "0" ? column("lag") : 1/0):(column("log10_singular_value")) with linespoints lw 1.6 pt 5 ps 0.7 pi 4 lc rgb "#D55E00" title "lstm", \
     "jacobian_spectrum.csv" using (strcol("cell") eq "gru" && strcol("forget_bias") eq "" && strcol("init") eq "" && strcol("update_bias") eq "" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("index") eq "0" ? column("lag") : 1/0):(column("log10_singular_value")) with linespoints lw 1.6 pt 9 ps 0.7 pi 4 lc rgb "#009E73" title "gru", \
     "jacobian_spectrum.csv" using (strcol("cell") eq "lstm" && strcol("forget_bias") eq "1" && strcol("init") eq "" && strcol("update_bias") eq "" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("index") eq "0" ? column("lag") : 1/0):(column("log10_singular_value")) with linespoints lw 1.6 pt 13 ps 0.7 pi 4 lc rgb "#CC79A7" title "lstm, forget_bias=1", \
     "jacobian_spectrum.csv" using (strcol("cell") eq "gru" && strcol("forget_bias") eq "" && strcol("init") eq "" && strcol("update_bias") eq "2" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("index") eq "0" ? column("lag") : 1/0):(column("log10_singular_value")) with linespoints lw 1.6 pt 11 ps 0.7 pi 4 lc rgb "#E69F00" title "gru, update_bias=2", \
     "jacobian_spectrum.csv" using (strcol("cell") eq "rnn-tanh" && strcol("forget_bias") eq "" && strcol("init") eq "orthogonal" && strcol("update_bias") eq "" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("index") eq "0" ? column("lag") : 1/0):(column("log10_singular_value")) with linespoints lw 1.6 pt 2 ps 0.7 pi 4 lc rgb "#56B4E9" title "rnn-tanh, init=orthogonal", \
     "jacobian_spectrum.csv" using (strcol("cell") eq "lstm" && strcol("forget_bias") eq "" && strcol("init") eq "orthogonal" && strcol("update_bias") eq "" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("index") eq "0" ? column("lag") : 1/0):(column("log10_singular_value")) with linespoints lw 1.6 pt 1 ps 0.7 pi 4 lc rgb "#000000" title "lstm, init=orthogonal", \
     "jacobian_spectrum.csv" using (strcol("cell") eq "gru" && strcol("forget_bias") eq "" && strcol("init") eq "orthogonal" && strcol("update_bias") eq "" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("index") eq "0" ? column("lag") : 1/0):(column("log10_singular_value")) with linespoints lw 1.6 pt 7 ps 0.7 pi 4 lc rgb "#882255" title "gru, init=orthogonal"
